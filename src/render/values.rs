//! What templates see: serializable views of the site model, with French
//! keys (`titre`, `lien`…) and links already under the base URL.

use serde::Serialize;
use tera::Value;

use crate::images::{Images, Place, Variant};
use crate::model::{Date, Partner, Quote, Theme};
use crate::routes::Route;
use crate::urls::BaseUrl;

#[derive(Serialize)]
pub(super) struct PartnerValue<'a> {
    pub(super) id: &'a str,
    pub(super) nom: &'a str,
    pub(super) nom_court: Option<&'a str>,
    #[serde(rename = "type")]
    pub(super) kind: &'a str,
    pub(super) url: Option<&'a str>,
    pub(super) description: &'a str,
    pub(super) lien: String,
    pub(super) nb_articles: usize,
    /// The logo's address, and its markup: `logo_html` waits until seen
    /// (cards), `logo_html_immediat` loads at once (the top of its page).
    pub(super) logo: Option<String>,
    pub(super) logo_html: Option<String>,
    pub(super) logo_html_immediat: Option<String>,
}

/// The picture shared on social networks (`og:image`): 1200 × 630.
#[derive(Serialize)]
pub(super) struct ShareValue {
    pub(super) url: String,
    pub(super) largeur: u32,
    pub(super) hauteur: u32,
    #[serde(rename = "type")]
    pub(super) mime: &'static str,
}

#[derive(Serialize)]
pub(super) struct ThemeValue<'a> {
    pub(super) id: &'a str,
    pub(super) titre: &'a str,
    pub(super) description: &'a str,
    pub(super) lien: String,
    pub(super) nb_articles: usize,
}

/// An article as templates see it, but its body: `contenu` is added to
/// each context that shows the article (see `Shared::article`).
#[derive(Serialize)]
pub(super) struct ArticleValue<'a> {
    pub(super) titre: &'a str,
    pub(super) date: Date,
    pub(super) rubrique: Option<&'a str>,
    pub(super) chapo: Option<&'a str>,
    pub(super) slug: &'a str,
    pub(super) lien: String,
    pub(super) lien_absolu: String,
    pub(super) partenaires: Vec<Value>,
    pub(super) thematiques: Vec<Value>,
    pub(super) image: Option<String>,
    pub(super) image_absolue: Option<String>,
    pub(super) image_alt: Option<&'a str>,
    /// The image as `<picture>`, with every width.
    pub(super) image_html: Option<String>,
    pub(super) image_largeur: Option<u32>,
    pub(super) image_hauteur: Option<u32>,
    pub(super) brouillon: bool,
}

#[derive(Serialize)]
pub(super) struct PageValue<'a> {
    pub(super) titre: &'a str,
    pub(super) chapo: Option<&'a str>,
    pub(super) slug: &'a str,
    pub(super) lien: String,
    pub(super) contenu: &'a str,
}

#[derive(Serialize)]
pub(super) struct DomainValue<'a> {
    pub(super) id: &'a str,
    pub(super) titre: &'a str,
    pub(super) description: Option<&'a str>,
    pub(super) actions: &'a [String],
    pub(super) thematiques: Vec<Value>,
}

#[derive(Serialize)]
pub(super) struct ConventionValue<'a> {
    pub(super) titre: &'a str,
    pub(super) resume: Option<&'a str>,
    pub(super) signee_le: Date,
    pub(super) depuis: u16,
    pub(super) duree_ans: u16,
    pub(super) fin: i32,
    pub(super) parties: Vec<Value>,
    pub(super) implantations: Vec<Value>,
    pub(super) acteurs: Vec<Value>,
    pub(super) domaines: Vec<DomainValue<'a>>,
    pub(super) thematiques: Vec<Value>,
    pub(super) citations: &'a [Quote],
}

#[derive(Serialize)]
pub(super) struct PaginationValue {
    pub(super) page: usize,
    pub(super) total_pages: usize,
    pub(super) total_articles: usize,
    pub(super) precedente: Option<String>,
    pub(super) suivante: Option<String>,
    pub(super) pages: Vec<PageLink>,
}

/// One place in the row of page links: a page (`numero`, `lien`,
/// `courante`) or a gap (`ellipse`, with no number nor link, so a theme
/// written for a complete row fails loudly instead of linking nowhere).
#[derive(Serialize)]
pub(super) struct PageLink {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) numero: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) lien: Option<String>,
    pub(super) courante: bool,
    pub(super) ellipse: bool,
}

impl PageLink {
    pub(super) fn page(numero: usize, lien: String, courante: bool) -> Self {
        Self {
            numero: Some(numero),
            lien: Some(lien),
            courante,
            ellipse: false,
        }
    }

    pub(super) fn gap() -> Self {
        Self {
            numero: None,
            lien: None,
            courante: false,
            ellipse: true,
        }
    }
}

#[derive(Serialize)]
pub(super) struct SitemapEntry {
    pub(super) loc: String,
    pub(super) lastmod: Option<Date>,
}

pub(super) fn partner_value<'a>(
    partner: &'a Partner,
    base: &BaseUrl,
    count: usize,
    images: &Images,
) -> PartnerValue<'a> {
    let logo = partner.logo.as_deref().and_then(|l| {
        images
            .logos
            .get(&format!("/{}", l.trim().trim_start_matches('/')))
    });
    // The partner's name stands beside its logo: the logo is decorative.
    let html = |eager| logo.map(|l| l.html(base, "", Place::Logo, eager));
    PartnerValue {
        logo: logo.map(|l| base.link(l.main().0)),
        logo_html: html(false),
        logo_html_immediat: html(true),
        id: &partner.id,
        nom: &partner.name,
        nom_court: partner.short_name.as_deref(),
        kind: &partner.kind,
        url: partner.url.as_deref(),
        description: &partner.description,
        lien: base.link(&Route::partner(partner).path()),
        nb_articles: count,
    }
}

pub(super) fn theme_value<'a>(theme: &'a Theme, base: &BaseUrl, count: usize) -> ThemeValue<'a> {
    ThemeValue {
        id: &theme.id,
        titre: &theme.title,
        description: &theme.description,
        lien: base.link(&Route::theme(theme).path()),
        nb_articles: count,
    }
}

/// The share value of a card.
pub(super) fn share_value(card: &Variant, base: &BaseUrl) -> ShareValue {
    let mime = if card.path.ends_with(".png") {
        "image/png"
    } else {
        "image/jpeg"
    };
    ShareValue {
        url: base.absolute(&card.path),
        largeur: card.width,
        hauteur: card.height,
        mime,
    }
}
