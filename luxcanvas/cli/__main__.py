"""``python -m luxcanvas.cli`` and the frozen app's entry script: the ``luxcanvas`` command.

Each subcommand that is more than a few lines lives in its own module of this package
(``compare``, ``split``, ...); ``__init__`` parses the arguments and dispatches.
"""

from luxcanvas.cli import main

raise SystemExit(main())
