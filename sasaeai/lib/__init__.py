"""Plain helpers with no Django models: used by every app, importing none of them."""
