from wagtail import hooks


@hooks.register("construct_help_menu")
def hide_online_help(request, menu_items):
    # The editor guide and release notes live on the internet, which the district
    # intranet may not reach; keep only the help that works offline.
    menu_items[:] = [
        item
        for item in menu_items
        if not str(getattr(item, "url", "")).startswith(("http://", "https://"))
    ]
