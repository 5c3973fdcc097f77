"""Views of the flight area, one module per screen family (see deportation/urls.py)."""
