"""Template context shared by every page: the main navigation."""


def navigation(request):
    path = request.path
    return {
        "nav_section": (
            "contracts"
            if path.startswith("/contracts")
            else "territories"
            if path.startswith("/territoires")
            else "directory"
            if path.startswith("/annuaire")
            else "home"
        )
    }
