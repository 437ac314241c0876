"""Demo data for `loket seed-demo`: fictional Belgian organisations, people and tickets.

``people`` holds names and organisations, ``scenarios`` the ticket texts in nl/fr/en,
``builder`` puts them in the database through the services.
"""
