from ninja import NinjaAPI

api = NinjaAPI(title="Loket API", version="1", urls_namespace="api")


@api.get("/health", auth=None)
def health(request):
    return {"status": "ok"}
