"""The NCPDP SCRIPT upload: a size limit, and a well-formed document (parsed by defusedxml: no DTD,
no entities, nothing fetched) whose root is an NCPDP SCRIPT Message, checked before anything is sent.
The bytes go to Blend as they came."""

from __future__ import annotations

from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from django import forms

from apps.core.forms import WriteForm

MAX_BYTES = 256 * 1024
TOO_BIG = "The file is larger than {kb} KB; an NCPDP SCRIPT prescription is far smaller."
NOT_XML = "This is not well-formed XML (line {line}): nothing was sent."
FORBIDDEN = "The document declares a DTD or entities, which BlendAdmin never reads: nothing was sent."
NOT_SCRIPT = "This XML is not an NCPDP SCRIPT Message: nothing was sent."


class PrescriptionUploadForm(WriteForm):
    document = forms.FileField(
        label="NCPDP SCRIPT file (XML)",
        help_text=f"A NewRx message, at most {MAX_BYTES // 1024} KB. It is sent to Blend as it is.",
        widget=forms.ClearableFileInput(attrs={"accept": ".xml,application/xml,text/xml"}),
    )

    def clean_document(self) -> bytes:
        upload = self.cleaned_data["document"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(TOO_BIG.format(kb=MAX_BYTES // 1024))
        raw = upload.read(MAX_BYTES + 1)
        try:
            root = fromstring(raw, forbid_dtd=True)
        except DefusedXmlException:
            raise forms.ValidationError(FORBIDDEN) from None
        except ParseError as exc:
            raise forms.ValidationError(NOT_XML.format(line=exc.position[0])) from None
        if root.tag.rsplit("}", 1)[-1] != "Message":
            raise forms.ValidationError(NOT_SCRIPT)
        return raw
