//! Corrections of a person: the e-mail address an invitation goes to.

use crate::error::Result;
use crate::refusal::Refusal;
use crate::{RowChange, Store};

/// Whether `s` looks like an e-mail address: one `@`, something before it,
/// a domain with a dot after it, no spaces. (Whether it reaches anyone only
/// sending tells.)
pub fn plausible_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
        && s.len() <= 254
        && !s.chars().any(|c| c.is_whitespace() || c.is_control())
}

impl Store {
    /// Set a person's (by name or id) e-mail address; an empty text clears it.
    pub fn set_person_email(&mut self, person: &str, email: &str) -> Result<()> {
        let person = self.find_person(person)?;
        let email = email.trim();
        let email = if email.is_empty() {
            None
        } else if plausible_email(email) {
            Some(email.to_string())
        } else {
            return Err(Refusal::NotAnEmail {
                value: email.to_string(),
            }
            .into());
        };
        if email != person.email {
            self.write(vec![
                RowChange::update("person", person.id).set("email", email)
            ])?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::plausible_email;

    #[test]
    fn plausible_addresses() {
        for ok in ["anne@example.dk", "a.b+c@sub.example.com"] {
            assert!(plausible_email(ok), "{ok}");
        }
        for bad in [
            "anne",
            "@example.dk",
            "anne@",
            "anne@example",
            "anne@@example.dk",
            "anne @example.dk",
            "anne@example..dk",
            "anne@.dk",
        ] {
            assert!(!plausible_email(bad), "{bad}");
        }
    }
}
