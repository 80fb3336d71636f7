"""Programme pages: bind a form, call one service or selector, render."""
