from hrd_desk.cli import main

raise SystemExit(main())
