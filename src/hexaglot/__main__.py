"""``python -m hexaglot``: the ``hexaglot`` command."""

from hexaglot.serve.cli import main

if __name__ == "__main__":
    main()
