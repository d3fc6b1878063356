"""Wagtail admin screens for HR: officers, units and positions, grouped under "People"."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import BooleanColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from .models import Officer, Position, Unit
from .services import officer_create, officer_set_active


class OfficerForm(WagtailAdminModelForm):
    email = forms.EmailField(label=_("E-mail"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["email"].initial = self.instance.user.email

    def clean_employee_code(self):
        code = self.cleaned_data["employee_code"].strip()
        clash = get_user_model().objects.filter(username=code.lower())
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.user_id)
        if clash.exists():
            raise forms.ValidationError(_("An account with this employee code already exists."))
        return code


class OfficerCreateView(generic.CreateView):
    def save_instance(self):
        data = self.form.cleaned_data
        return officer_create(
            employee_code=data["employee_code"],
            full_name=data["full_name"],
            unit=data["unit"],
            position=data.get("position"),
            phone=data.get("phone", ""),
            email=data.get("email", ""),
            must_change_password=True,
        )


class OfficerIndexView(generic.IndexView):
    def get_base_queryset(self):
        return Officer.objects.visible_to(self.request.user).select_related("unit", "position")


class OfficerEditView(generic.EditView):
    def get_queryset(self):
        return Officer.objects.visible_to(self.request.user)

    def save_instance(self):
        officer = super().save_instance()
        email = self.form.cleaned_data.get("email", "")
        if officer.user.email != email:
            officer.user.email = email
            officer.user.save(update_fields=["email"])
        return officer_set_active(officer=officer, active=officer.is_active)


class OfficerViewSet(ModelViewSet):
    model = Officer
    icon = "user"
    menu_label = _("Officers")
    menu_name = "officers"
    index_view_class = OfficerIndexView
    add_view_class = OfficerCreateView
    edit_view_class = OfficerEditView
    list_display = [
        "full_name",
        "employee_code",
        "unit",
        "position",
        "phone",
        BooleanColumn("is_active", label=_("active")),
    ]
    list_filter = ["unit", "position", "is_active", "must_change_password"]
    list_export = ["employee_code", "full_name", "unit", "position", "phone", "is_active"]
    export_filename = "can-bo"
    search_fields = ["full_name", "employee_code", "phone"]
    search_backend_name = None
    ordering = ["full_name"]
    copy_view_enabled = False
    edit_handler = ObjectList(
        [
            FieldPanel("employee_code"),
            FieldPanel("full_name"),
            FieldPanel("unit"),
            FieldPanel("position"),
            FieldPanel("phone"),
            FieldPanel("email"),
            FieldPanel("is_active"),
            FieldPanel("must_change_password"),
        ],
        base_form_class=OfficerForm,
    )


class UnitViewSet(ModelViewSet):
    model = Unit
    icon = "site"
    menu_label = _("Units")
    menu_name = "units"
    list_display = ["name_vi", "name_en", "code", "kind"]
    list_filter = ["kind"]
    search_fields = ["name_vi", "name_en", "code"]
    search_backend_name = None
    copy_view_enabled = False
    panels = [FieldPanel("name_vi"), FieldPanel("name_en"), FieldPanel("sort_order")]


class PositionViewSet(ModelViewSet):
    model = Position
    icon = "tag"
    menu_label = _("Positions")
    menu_name = "positions"
    list_display = ["name"]
    search_fields = ["name"]
    search_backend_name = None
    copy_view_enabled = False
    form_fields = ["name"]


class PeopleViewSetGroup(ViewSetGroup):
    menu_label = _("People")
    menu_icon = "group"
    menu_order = 300
    items = (OfficerViewSet("officers"), UnitViewSet("units"), PositionViewSet("positions"))
