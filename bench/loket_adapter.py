"""Loket's adapter for the peer harness's bench.py (``--adapter loket_adapter:Loket``).

bench.py imports this module by name, so put ``bench/`` on PYTHONPATH; it also puts its
own folder (with ``corpus.py``) on sys.path, which is where ``corpus`` comes from here.
Each ``op_NAME`` returns (method, path, httpx request kwargs, accepted status codes),
mapped onto the API v1 with the admin's bearer token from the target JSON that
``bench/seed.py`` writes.

  create      POST /api/v1/tickets
  list        GET  /api/v1/tickets?team=T&status=new&status=open  (first page of 25)
  get         GET  /api/v1/tickets/{id}/events  (the timeline; checks access to the ticket)
  get_ticket  GET  /api/v1/tickets/{id}          (the ticket itself: a UI does both)
  comment     POST /api/v1/tickets/{id}/events   {kind: reply, body}
  search      GET  /api/v1/tickets?q=TERM        (first page of 25)
  lookup      GET  /api/v1/contacts?q=0470 12 34 56  (caller-ID, national notation)
  list_agent, list_specialist, list_supervisor
              the list above with the token of an agent, a specialist or a supervisor
              (``staff_tokens`` in the target): the queue through the visibility rule,
              which an admin skips
"""

import corpus

PAGE = 25
LEVELS = {1: (1, 1), 2: (1, 2), 3: (2, 2), 4: (2, 3), 5: (3, 3)}


def national(e164: str) -> str:
    """``+32470123456`` as a Belgian caller would type it: ``0470 12 34 56``."""
    digits = "0" + e164.removeprefix("+32")
    return f"{digits[:4]} {digits[4:6]} {digits[6:8]} {digits[8:]}"


class Loket:
    """Maps bench.py's neutral operations onto Loket's JSON API v1."""

    def __init__(self, target):
        self.t = target

    async def login(self, client):
        client.headers["Authorization"] = f"Bearer {self.t['token']}"
        response = await client.get("/api/v1/teams")
        if response.status_code != 200:
            raise RuntimeError(f"token refused: HTTP {response.status_code} {response.text[:200]}")

    def op(self, name):
        return getattr(self, "op_" + name)

    def _ticket_id(self, rng):
        low, high = self.t["ticket_id_range"]
        return rng.randint(low, high)

    def op_create(self, rng):
        p = corpus.new_ticket_payload(rng)
        impact, urgency = LEVELS[p["priority"]]
        customer = int(p["submitter_email"].removeprefix("customer").split("@")[0])
        body = {
            "subject": p["title"],
            "description": p["description"],
            "contact": self.t["contact_ids"][customer],
            "team": self.t["team_ids"][p["queue"]],
            "channel": "email",
            "impact": impact,
            "urgency": urgency,
        }
        return "POST", "/api/v1/tickets", {"json": body}, (201,)

    def op_list(self, rng):
        params = {"team": rng.choice(self.t["team_ids"]), "status": ["new", "open"]}
        params["page_size"] = PAGE
        return "GET", "/api/v1/tickets", {"params": params}, (200,)

    def _list_as(self, role, rng):
        method, path, kwargs, ok = self.op_list(rng)
        token = self.t["staff_tokens"][role]
        return method, path, {**kwargs, "headers": {"Authorization": f"Bearer {token}"}}, ok

    def op_list_agent(self, rng):
        return self._list_as("agent", rng)

    def op_list_specialist(self, rng):
        return self._list_as("specialist", rng)

    def op_list_supervisor(self, rng):
        return self._list_as("supervisor", rng)

    def op_get(self, rng):
        return "GET", f"/api/v1/tickets/{self._ticket_id(rng)}/events", {}, (200,)

    def op_get_ticket(self, rng):
        return "GET", f"/api/v1/tickets/{self._ticket_id(rng)}", {}, (200,)

    def op_comment(self, rng):
        body = {"kind": "reply", "body": corpus.new_comment(rng)}
        return "POST", f"/api/v1/tickets/{self._ticket_id(rng)}/events", {"json": body}, (201,)

    def op_search(self, rng):
        params = {"q": rng.choice(corpus.SEARCH_TERMS), "page_size": PAGE}
        return "GET", "/api/v1/tickets", {"params": params}, (200,)

    def op_lookup(self, rng):
        params = {"q": national(rng.choice(self.t["phones"]))}
        return "GET", "/api/v1/contacts", {"params": params}, (200,)
