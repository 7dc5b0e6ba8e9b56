//! One page of OCR text → its articles, in page order. Pure: no I/O.
