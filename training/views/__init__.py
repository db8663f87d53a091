"""Training pages, one module per audience: learners, trainers at a part, managers, Q&A."""
