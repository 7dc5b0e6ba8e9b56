//! Chinese text layout for a terminal: line breaking (UAX #14 + clreq), display widths, sanitising. Pure: no ratatui.
