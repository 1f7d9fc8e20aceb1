//! The site's legal and accessibility settings (`site.yaml`): the legal
//! notice the LCEN requires, what is collected about visitors, and the
//! accessibility status of loi 2005-102 art. 47 and décret 2019-768.
//!
//! Required fields are `Option`s here so that loading never fails on them:
//! `validate` names each missing one, and only a production build refuses
//! them (the preview shows what is missing instead of a placeholder).

use serde::{Deserialize, Serialize};

use super::Date;

/// `mentions_legales:`.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LegalNotice {
    /// The body that publishes the site.
    #[serde(rename = "editeur", default)]
    pub publisher: Option<String>,
    /// A person's name: « directeur ou directrice de la publication ».
    #[serde(rename = "directeur_publication", default)]
    pub director: Option<String>,
    #[serde(rename = "hebergeur", default)]
    pub host: Option<Host>,
}

/// `mentions_legales.hebergeur:`.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Host {
    #[serde(rename = "nom", default)]
    pub name: Option<String>,
    #[serde(rename = "adresse", default)]
    pub address: Vec<String>,
    #[serde(rename = "telephone", default)]
    pub phone: Option<String>,
}

/// `donnees_personnelles:`; by default nothing is collected, no cookie is
/// set and no tracker runs, which is what the theme does.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PersonalData {
    /// What is collected and why, one sentence each (empty: nothing).
    #[serde(rename = "collecte", default)]
    pub collected: Vec<String>,
    #[serde(default)]
    pub cookies: bool,
    #[serde(rename = "traceurs", default)]
    pub trackers: bool,
    /// Where to exercise one's rights (defaults to the contact e-mail).
    #[serde(default)]
    pub contact: Option<String>,
}

/// How far the site conforms to the RGAA.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
pub enum Conformity {
    /// Also what an unaudited site is.
    #[default]
    #[serde(rename = "non")]
    None,
    #[serde(rename = "partielle")]
    Partial,
    #[serde(rename = "totale")]
    Full,
}

/// `accessibilite:`.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Accessibility {
    #[serde(rename = "conformite", default)]
    pub conformity: Conformity,
    /// The audit the status rests on; without one the site is « non conforme ».
    #[serde(default)]
    pub audit: Option<Audit>,
    #[serde(rename = "non_conformites", default)]
    pub non_conformities: Vec<String>,
    #[serde(rename = "derogations", default)]
    pub derogations: Vec<String>,
    /// Where to report an accessibility problem (an e-mail address or a
    /// page); defaults to the contact e-mail.
    #[serde(default)]
    pub contact: Option<String>,
    /// Address of the schéma pluriannuel de mise en accessibilité.
    #[serde(rename = "schema_pluriannuel", default)]
    pub multi_year_plan: Option<String>,
    /// The day the statement was written.
    #[serde(rename = "etablie_le", default)]
    pub written_on: Option<Date>,
}

/// `accessibilite.audit:`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Audit {
    pub date: Date,
    /// Share of RGAA criteria met, in percent.
    #[serde(rename = "taux")]
    pub rate: f64,
    /// Who audited.
    #[serde(rename = "realise_par", default)]
    pub by: Option<String>,
}
