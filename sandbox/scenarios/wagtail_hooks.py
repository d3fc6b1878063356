from wagtail import hooks

from .admin_views import ScenarioResultsViewSet


@hooks.register("register_admin_viewset")
def register_scenario_results_viewset():
    return ScenarioResultsViewSet()
