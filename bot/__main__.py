import sys

from bot.cli import main

# Guarded: the worker processes for untrusted images are spawned, and spawn imports the main module again.
if __name__ == "__main__":
    sys.exit(main())
