"""Statements checked by symorbit: one module per theorem or conjecture."""
