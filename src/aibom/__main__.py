"""``python -m aibom``: the same entry point as the ``aibom`` command."""

from aibom.cli import main

if __name__ == "__main__":
    main()
