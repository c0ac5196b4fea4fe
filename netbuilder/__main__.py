import sys

from netbuilder.cli.main import main

sys.exit(main())
