"""Forms of the people app's admin screens."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .roster import ENCODING_AUTO, ENCODING_CHOICES


class RosterUploadForm(forms.Form):
    """The roster file and the import options; the file itself is checked by `roster_preview`."""

    file = forms.FileField(
        label=_("Roster file"),
        help_text=_(
            "CSV or XLSX with a header row: Mã cán bộ, Họ và tên, Đơn vị, and optionally Email, "
            "Số điện thoại, Chức vụ."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )
    encoding = forms.ChoiceField(
        label=_("Encoding of a CSV file"),
        choices=ENCODING_CHOICES,
        initial=ENCODING_AUTO,
        help_text=_("Leave on automatic unless names come out garbled in the preview."),
    )
    deactivate_missing = forms.BooleanField(
        label=_("Deactivate officers not in the file"),
        required=False,
        help_text=_(
            "Only officers of the units that appear in the file are deactivated; officers "
            "of other units are left alone. Deactivated officers cannot sign in."
        ),
    )
