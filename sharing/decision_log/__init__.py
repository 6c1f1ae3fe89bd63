"""The agency decision log (SPEC 6): who decided what, filtered, counted and exported."""
