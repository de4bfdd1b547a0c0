"""One brand's pass (vary -> render -> leak check) and the checks of its output."""
