//! The "update your details" form (`/update/`): its field names, said once for the page,
//! the preview's inbox and `inbox import`. It has no source file of its own: a site with
//! `contact.yaml` or `suggestions.yaml` has it.

/// The hidden field that marks a submission as new details (`inbox import` reads it).
pub const FIELD: &str = "update";
/// The hidden field's value.
pub const VALUE: &str = "details";
/// The customer's name.
pub const NAME: &str = "name";
/// Their email address.
pub const EMAIL: &str = "email";
/// Their phone number.
pub const PHONE: &str = "phone";
/// What has changed, in their words.
pub const CHANGED: &str = "changed";
/// Whether a site has the page: it has someone to tell (its contact data) or a form
/// endpoint to send to (`suggestions.yaml`).
pub fn has_page(has_contact: bool, has_form: bool) -> bool {
    has_contact || has_form
}

/// The form's name for Netlify Forms.
pub const FORM_NAME: &str = "update";
