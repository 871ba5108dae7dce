"""Errors a user can cause, told in both of the user's languages.

Every error that bad input can raise is a ``CardguideError`` (a ``ValueError``), so the CLI,
the web app and callers can catch one type and show ``message(lang)`` instead of a traceback.
"""


class CardguideError(ValueError):
    """Bad input, with a message in Chinese and in English."""

    def __init__(self, zh: str, en: str):
        super().__init__(f"{zh} / {en}")
        self.zh = zh
        self.en = en

    def message(self, lang: str = "zh") -> str:
        return self.en if lang == "en" else self.zh

    @classmethod
    def of(cls, key: str, **fields):
        """The error whose words are ``errors.<key>`` in ``data/ui.toml``. A field may itself be ``{"zh": …, "en": …}``,
        or another error, to be said in each language."""
        from .i18n import t

        def say(lang):
            values = {name: value.message(lang) if isinstance(value, CardguideError)
                      else value[lang] if isinstance(value, dict) else value
                      for name, value in fields.items()}
            return t(f"errors.{key}", lang, **values)

        return cls(say("zh"), say("en"))


class UnknownCarrier(CardguideError):
    """A carrier id that no profile has."""


class DateOutOfRange(CardguideError):
    """A date the working-day calendar does not cover."""


class InvalidDate(CardguideError):
    """Text that is not a real calendar date."""


class ProfileError(CardguideError):
    """A carrier profile file or value that cannot be used."""
