"""The password policy's validators, with messages written here in Chinese.

Django's own validators do the checking; only their words change, because the zh_Hans
catalogue shipped with Django 5.2 leaves the minimum-length message in English (its wording
changed upstream) and a policy people meet on their first login must read clearly.
Configured in settings.AUTH_PASSWORD_VALIDATORS; the length comes from
FENGQIAO_PASSWORD_MIN_LENGTH (default 10).
"""

from __future__ import annotations

from django.contrib.auth import password_validation as django_validators


class MinimumLengthValidator(django_validators.MinimumLengthValidator):
    def get_error_message(self) -> str:
        return f"密码太短，至少需要 {self.min_length} 个字符。"

    def get_help_text(self) -> str:
        return f"密码至少 {self.min_length} 个字符。"


class UserAttributeSimilarityValidator(django_validators.UserAttributeSimilarityValidator):
    def get_error_message(self) -> str:
        return "密码与%(verbose_name)s太相似，请换一个不含%(verbose_name)s的密码。"

    def get_help_text(self) -> str:
        return "密码不能与用户名、姓名等个人信息相似。"


class CommonPasswordValidator(django_validators.CommonPasswordValidator):
    def get_error_message(self) -> str:
        return "这个密码太常见，容易被猜中，请换一个。"

    def get_help_text(self) -> str:
        return "不能使用常见密码（如 password123、12345678）。"


class NumericPasswordValidator(django_validators.NumericPasswordValidator):
    def get_error_message(self) -> str:
        return "密码不能全是数字，请加入字母或符号。"

    def get_help_text(self) -> str:
        return "密码不能全是数字。"
