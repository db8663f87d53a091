"""State changes for SCORM: packages (services.packages) and tracking (services.tracking)."""
