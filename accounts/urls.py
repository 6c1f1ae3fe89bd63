from django.urls import path

from .views import enrol, lockouts, password, session, signin

app_name = "accounts"

urlpatterns = [
    path("two-factor/", signin.verify, name="verify"),
    path("two-factor/set-up/", enrol.enrol, name="enrol"),
    path("two-factor/backup-codes/", enrol.backup_codes, name="backup_codes"),
    path("password/", password.password_change, name="password_change"),
    path("session/extend/", session.extend, name="session_extend"),
    path("lockouts/", lockouts.lockout_list, name="lockouts"),
    path("lockouts/<int:user_id>/unlock/", lockouts.unlock, name="unlock"),
]
