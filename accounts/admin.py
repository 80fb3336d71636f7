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


@admin.register(Trust)
class TrustAdmin(admin.ModelAdmin):
    list_display = ["name", "ods_code", "sector", "region"]
    list_filter = ["sector", "region"]
    search_fields = ["name", "ods_code"]
