from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from accounts.constants import NATIONAL_ADMIN_GROUP
from accounts.models import Trust, TrustMembership, User
from accounts.services import national_admin_change_record, role_change_record


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

    def save_formset(self, request, form, formset, change):
        """Roles given, changed or removed here go in the audit log."""
        super().save_formset(request, form, formset, change)
        if formset.model is not TrustMembership:
            return
        for membership in formset.new_objects:
            role_change_record(actor=request.user, membership=membership, change="granted")
        for membership, _ in formset.changed_objects:
            role_change_record(actor=request.user, membership=membership, change="changed")
        for membership in formset.deleted_objects:
            role_change_record(actor=request.user, membership=membership, change="removed")

    def save_related(self, request, form, formsets, change):
        user = form.instance
        before = user.pk and user.groups.filter(name=NATIONAL_ADMIN_GROUP).exists()
        super().save_related(request, form, formsets, change)
        after = user.groups.filter(name=NATIONAL_ADMIN_GROUP).exists()
        if bool(before) != after:
            national_admin_change_record(actor=request.user, user=user, granted=after)

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
