from neighborcenter.cli import main

raise SystemExit(main())
