"""How the app starts fast: a first frame from the start-up cache, then the real load.

* ``cache``  the start-up cache: the home rows as last shown, stamped with the files they
  came from, read with nothing but ``json`` before the course and the store are loaded.
* ``plan``   the checked options, the first frame they allow, and the loaded session.
"""
