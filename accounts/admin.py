from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from accounts.models import Trust, TrustMembership, User


class MembershipInline(admin.TabularInline):
    model = TrustMembership
    extra = 0
    autocomplete_fields = ["trust"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "is_active", "is_staff"]
    search_fields = ["email", "full_name"]
    inlines = [MembershipInline]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Personal details", {"fields": ["full_name"]}),
        ("Access", {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"fields": ["email", "full_name", "password1", "password2"]})]

    # National admins manage people, but only a superuser grants admin powers: otherwise a
    # national admin could make themselves a superuser or take over a superuser's account.
    PRIVILEGE_FIELDS = ("is_staff", "is_superuser", "groups", "user_permissions")

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            readonly.extend(self.PRIVILEGE_FIELDS)
        return readonly

    def get_queryset(self, request):
        users = super().get_queryset(request)
        if request.user.is_superuser:
            return users
        return users.filter(is_superuser=False)


@admin.register(Trust)
class TrustAdmin(admin.ModelAdmin):
    list_display = ["name", "ods_code", "sector", "region"]
    list_filter = ["sector", "region"]
    search_fields = ["name", "ods_code"]
