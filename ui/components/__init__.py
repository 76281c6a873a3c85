"""Components v2 elements (inline HTML, CSS and JS) the pages share."""
