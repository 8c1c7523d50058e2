from reliability.campaign import main

raise SystemExit(main())
