"""From a certificate's frozen data to PDF bytes.

`pdfs` renders certificates (`printed` checks their values, `markup` builds the HTML, `document`
runs WeasyPrint, `split` cuts a batch into one PDF each); `check` and `preview` render a
template's made-up sample for its check and the admin preview.
"""
