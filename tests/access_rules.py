"""Who may use each route of the app: the table tests/test_route_access.py checks on every route
and role, and the whole-site checks (tests/pages_inventory.py) use to choose who opens each page."""

PUBLIC = "public"  # anyone, logged in or not
STAFF = "staff"  # case officers, team leads, administrators
HEARING_EDIT = "hearing_edit"  # the hearing's own officers, team leads, administrators
APPROVE = "approve"  # team leads only
PARTY_LINK = "party_link"  # whoever holds a live personal link; nobody else
SIGNED_IN = "signed_in"  # anyone logged in, whatever the role
ADMIN = "admin"  # administrators only
COMMITTEE_READ = "committee_read"  # the hearing's committee members (world's committee user is one), and staff
COMMITTEE_ASK = "committee_ask"  # the hearing's committee members only: they ask, staff answer

ACCESS = {
    "static": PUBLIC,
    "serving.health": PUBLIC,
    "serving.favicon": PUBLIC,
    "public.index": PUBLIC,
    "public.accessibility": PUBLIC,
    "public.set_language": PUBLIC,
    "public.hearing": PUBLIC,
    "public.draft_document": PUBLIC,  # 404 when the draft was not imported from a file
    "public.memo": PUBLIC,  # 404 until staff publish it
    "public.memo_file": PUBLIC,
    "public.memo_appendix_file": PUBLIC,
    "privacy.notice": PUBLIC,  # the privacy notice, and asking for one's own data by e-mail
    "privacy.sent": PUBLIC,
    "privacy.data": PUBLIC,  # the mailed link opens it; a wrong link gets "Linket virker ikke"
    "privacy.download": PUBLIC,
    "privacy.erase": PUBLIC,
    "subscriptions.subscribe": PUBLIC,  # asking for mail about new hearings; confirmed by the mailed link
    "subscriptions.subscribe_memo": PUBLIC,
    "subscriptions.sent": PUBLIC,
    "subscriptions.confirm": PUBLIC,  # the mailed link opens it; a wrong link gets "Linket virker ikke"
    "subscriptions.unsubscribe": PUBLIC,
    "subscriptions.unsubscribe_one_click": PUBLIC,  # a mail program's POST (RFC 8058): the signed link is the proof
    "api.index": PUBLIC,  # a small JSON index of the API
    "api.hearings": PUBLIC,
    "api.hearing": PUBLIC,
    "api.openapi": PUBLIC,
    "api.datapackage": PUBLIC,  # 404 until the memo is published
    "accounts.login": PUBLIC,
    "accounts.logout": PUBLIC,
    "accounts.forgot_password": PUBLIC,
    "accounts.reset_password": PUBLIC,  # the link in the mail opens it; a wrong link gets "Linket virker ikke"
    "signin.staff_start": PUBLIC,  # off to the municipality's login; 404 while it is not configured
    "signin.staff_callback": PUBLIC,  # back from it; without a log-in under way, "Log ind mislykkedes" (400)
    "signin.citizen_start": PUBLIC,  # a citizen off to MitID from the response form; 404 while it is not configured
    "signin.party_start": PUBLIC,  # a party's contact off to MitID Erhverv; 404 while it is not configured
    "signin.mitid_callback": PUBLIC,  # back from the broker; without a log-in under way, a page that says so (400)
    "accounts.login_code": SIGNED_IN,  # half-way through log-in; without the password first, back to log-in
    "accounts.account": SIGNED_IN,
    "accounts.change_password": SIGNED_IN,
    "accounts.digest_setting": STAFF,  # the daily mail of what waits: staff only
    "accounts.two_factor_setup": SIGNED_IN,
    "accounts.new_recovery_codes": SIGNED_IN,
    "accounts.two_factor_disable": SIGNED_IN,
    "accounts.session_status": SIGNED_IN,  # JSON for the time-out warning; 401 to a JSON request when logged out
    "accounts.session_extend": SIGNED_IN,  # "Forbliv logget ind" in that warning
    "users.index": ADMIN,
    "users.new": ADMIN,
    "users.show": ADMIN,
    "users.change_role": ADMIN,
    "users.deactivate": ADMIN,
    "users.reactivate": ADMIN,
    "users.send_link": ADMIN,
    "users.reset_two_factor": ADMIN,
    "responses.citizen_respond": PUBLIC,
    "responses.citizen_sent": PUBLIC,
    "responses.citizen_confirm": PUBLIC,
    "responses.citizen_withdraw": PUBLIC,  # by the link in the citizen's mail; any other link gets "Linket virker ikke"
    "responses.party_start": PARTY_LINK,
    "responses.party_save": PARTY_LINK,
    "responses.party_attachment": PARTY_LINK,
    "responses.receipt": PARTY_LINK,
    "responses.receipt_download": PARTY_LINK,
    "responses.withdraw": PARTY_LINK,
    "responses.accept_cosignature": PARTY_LINK,  # a joint response another party named it in; else back to its page
    "hearings.dashboard": STAFF,
    "worklists.index": STAFF,  # Mine opgaver, the staff start page
    "hearings.new": STAFF,
    "hearings.show": STAFF,
    "hearings.parties": STAFF,
    "hearings.document": STAFF,
    "staff_responses.response_list": STAFF,
    "staff_responses.response_page": STAFF,
    "staff_responses.response_attachment": STAFF,
    "staff_responses.response_versions": STAFF,
    "staff_responses.mail_list": STAFF,  # Post til høringen: mails to the hearing's address, waiting
    "staff_responses.mail_page": STAFF,
    "staff_responses.mail_file": STAFF,
    "hearings.edit": HEARING_EDIT,
    "hearings.alternatives": HEARING_EDIT,  # which sections are the alternatives; changed only before opening
    "hearings.sections": HEARING_EDIT,
    "hearings.deadline": HEARING_EDIT,
    "hearings.perform": HEARING_EDIT,  # GET: the confirmation page of opening
    "hearings.import_draft": HEARING_EDIT,
    "hearings.save_draft": HEARING_EDIT,
    "hearings.import_result": HEARING_EDIT,  # a file's import, read by the worker: its preview
    "hearings.edit_section": HEARING_EDIT,
    "hearings.split_section": HEARING_EDIT,
    "hearings.move_section": HEARING_EDIT,
    "hearings.merge_sections": HEARING_EDIT,
    "hearings.renumber_sections": HEARING_EDIT,
    "hearings.add_parties": HEARING_EDIT,
    "hearings.remove_party": HEARING_EDIT,
    "hearings.resend": HEARING_EDIT,  # GET: the confirmation page of "Send nyt link"
    "hearings.send_reminders": HEARING_EDIT,
    "hearings.revoke_link": HEARING_EDIT,  # GET: its confirmation page
    "staff_responses.response_accept_late": HEARING_EDIT,
    "staff_responses.letter_new": HEARING_EDIT,
    "staff_responses.mail_register": HEARING_EDIT,
    "staff_responses.mail_set_aside": HEARING_EDIT,
    "replies.reply_overview": STAFF,
    "replies.assign_sections": HEARING_EDIT,
    "replies.search": STAFF,
    "replies.section_replies": STAFF,
    "replies.start_reply": HEARING_EDIT,
    "replies.find_alike": HEARING_EDIT,  # a large section's near-duplicates, grouped by a worker
    "replies.edit_reply": HEARING_EDIT,
    "replies.reply_ready": HEARING_EDIT,
    "replies.detach_comment": HEARING_EDIT,
    "replies.fix_comment": HEARING_EDIT,
    "replies.move_comment": HEARING_EDIT,
    "replies.split_comment": HEARING_EDIT,
    "replies.toggle_not_a_remark": HEARING_EDIT,
    "replies.draft_revision": STAFF,
    "replies.revise_draft": HEARING_EDIT,
    "replies.compare_drafts": STAFF,
    "replies.reply_history": STAFF,
    "memos.memo_preview": STAFF,
    "memos.memo_download": STAFF,  # GET: the button; POST: a background job (app/jobs)
    "jobs.my_files": STAFF,
    "jobs.job_page": STAFF,  # the one who asked, and whoever may read the hearing's staff pages
    "jobs.job_status": STAFF,
    "jobs.job_download": STAFF,
    "jobs.job_again": STAFF,
    "memos.finalise_memo": HEARING_EDIT,
    "memos.publish_memo": HEARING_EDIT,  # GET: its confirmation page
    "memos.unpublish_memo": HEARING_EDIT,
    "memos.memo_version_download": STAFF,
    "memos.memo_version_appendix": STAFF,
    "records.filings": STAFF,  # what is filed on the case; the retry button for the hearing's editors
    "records.retry_filings": HEARING_EDIT,
    "records.committee_pack": STAFF,  # GET: the button; POST: a background job (app/jobs)
    "replies.comment_history": STAFF,
    "replies.approve_reply": APPROVE,
    "replies.send_back_reply": APPROVE,
    "memos.send_to_committee": HEARING_EDIT,
    "hearings.new_committee_draft": HEARING_EDIT,  # after a postponement; else back to the hearing with why
    "hearings.committee_draft": STAFF,  # 404 unless the version is a revised draft for the committee
    "hearings.edit_committee_section": HEARING_EDIT,
    "hearings.import_committee_draft": HEARING_EDIT,  # 404 unless the version is a revised draft for the committee
    "hearings.second_round": HEARING_EDIT,  # once there is a revised draft; else back to the hearing with why
    "hearings.earlier_comments": STAFF,  # 404 unless the hearing is a second round
    "committee.committee_draft": COMMITTEE_READ,  # the revised draft, for the hearing's committee members
    "meetings.new_meeting": HEARING_EDIT,
    "meetings.correct_meeting": HEARING_EDIT,
    "committee.index": COMMITTEE_READ,
    "committee.hearing_page": COMMITTEE_READ,  # 404 while no memo is finalised
    "committee.memo_download": COMMITTEE_READ,
    "committee.appendix_download": COMMITTEE_READ,
    "committee.response_page": COMMITTEE_READ,
    "committee.response_attachment": COMMITTEE_READ,
    "committee.questions": COMMITTEE_READ,  # the members' written questions and the approved answers
    "committee.ask_question": COMMITTEE_ASK,  # back to the questions while the case is not postponed
    "committee.questions_download": COMMITTEE_READ,
    "questions.index": STAFF,
    "questions.answer_question": HEARING_EDIT,
    "questions.approve_answer": APPROVE,
    "questions.send_back_answer": APPROVE,
    "parties.index": STAFF,
    "parties.new": STAFF,
    "parties.show": STAFF,
    "parties.edit": STAFF,
    "parties.deactivate": STAFF,
    "parties.reactivate": STAFF,
    "parties.add_contact": STAFF,
    "parties.edit_contact": STAFF,
    "parties.deactivate_contact": STAFF,
    "parties.reactivate_contact": STAFF,
    "parties.import_csv": STAFF,
    "parties.confirm_import": STAFF,
    "parties.import_report": STAFF,
}

# Who tries, in this order: those who must be refused first, so that nothing a
# permitted actor changes (a party removed, a link revoked) can hide a refusal.
ACTORS = ["anonymous", "committee", "staff", "officer", "approver", "admin"]
LET_IN = {
    PUBLIC: set(ACTORS),
    STAFF: {"staff", "officer", "approver", "admin"},
    HEARING_EDIT: {"officer", "approver", "admin"},
    APPROVE: {"approver"},
    PARTY_LINK: set(),  # nobody by being logged in: only the link opens these
    SIGNED_IN: set(ACTORS) - {"anonymous"},
    ADMIN: {"admin"},
    COMMITTEE_READ: {"committee", "staff", "officer", "approver", "admin"},
    COMMITTEE_ASK: {"committee"},
}
