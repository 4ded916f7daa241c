"""/api/hsds/…: every path works with and without a trailing slash (no redirect).

The spec's paths have none (/services, /services/{id}); a trailing slash is accepted too,
so neither style of client meets a redirect.
"""

from django.urls import re_path

from api import views


def route(pattern: str, view, name: str):
    return re_path(rf"^{pattern}/?$", view, name=name)


urlpatterns = [
    re_path(r"^$", views.root, name="api-root"),
    route("openapi.json", views.openapi_document, "api-openapi"),
    route("services", views.services, "api-services"),
    route(r"services/(?P<pk>[^/]+)", views.service, "api-service"),
    route("organizations", views.organizations, "api-organizations"),
    route(r"organizations/(?P<pk>[^/]+)", views.organization, "api-organization"),
    route("taxonomies", views.taxonomies, "api-taxonomies"),
    route(r"taxonomies/(?P<pk>[^/]+)", views.taxonomy, "api-taxonomy"),
    route("taxonomy_terms", views.taxonomy_terms, "api-taxonomy-terms"),
    route(r"taxonomy_terms/(?P<pk>[^/]+)", views.taxonomy_term, "api-taxonomy-term"),
    route("service_at_locations", views.service_at_locations, "api-service-at-locations"),
    route(
        r"service_at_locations/(?P<pk>[^/]+)", views.service_at_location, "api-service-at-location"
    ),
    re_path(r"^(?P<rest>.*)$", views.unknown, name="api-unknown"),
]
