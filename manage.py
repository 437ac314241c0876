#!/usr/bin/env python
"""Django's command-line utility; `loket` does the same with serve and worker added."""

import os
import sys

if __name__ == "__main__":
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "src"))
    from loket.cli import main

    main(sys.argv[1:])
