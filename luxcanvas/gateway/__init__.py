"""The gateway layer: one HTTP client (``http``) and one module per dialect behind the
``Dialect`` protocol (``dialect.dialect(name)`` gives the one a strategy names)."""
