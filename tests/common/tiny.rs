//! The tiny valid site of `Fixture::tiny()`, which each bad-input or CLI test
//! breaks in one way. The site has its own small theme, `essai` (every
//! template of `templates::REQUIRED`), so these tests do not depend on
//! `themes/hub`.

/// The day the library builds of the tiny site run on, so dates are reproducible.
pub const TODAY: &str = "2024-06-01";

pub const SITE: &str = "\
titre: Site d'essai
description: Un site pour les tests.
url: https://exemple.fr/
theme: essai
menu:
  - titre: Actualités
    url: /actualites/
  - titre: À propos
    url: /a-propos/
contact:
  nom: Mairie d'essai
  adresse:
    - 1 place de la Mairie
mentions_legales:
  editeur: Mairie d'essai
  directeur_publication: Camille Martin
  hebergeur:
    nom: Hébergeur d'essai
    adresse: [2 rue de l'Hébergement, 75000 Paris]
    telephone: 01 00 00 00 00
";

pub const CONVENTION: &str = "\
titre: Convention d'essai
signee_le: 2023-10-09
depuis: 2015
duree_ans: 3
parties: [upec, territoire]
domaines:
  - id: formation
    titre: Formation
    thematiques: [ville-durable]
thematiques: [ville-durable, sante]
";

pub const PARTNERS: &str = "\
- id: upec
  nom: Université Paris-Est Créteil
  type: Université
  description: Signataire.

- id: territoire
  nom: Territoire d'essai
  type: Collectivité
  description: Signataire.
";

pub const THEMES: &str = "\
- id: ville-durable
  titre: Ville durable
  description: Aménager la ville.

- id: sante
  titre: Santé
  description: Bien vieillir.
";

/// Line 2 is `titre`, line 5 `partenaires`, line 6 `thematiques`, the body starts at line 8.
pub const ARTICLE: &str = "\
---
titre: Premier article
date: 2023-10-15
chapo: Un article pour les tests.
partenaires: [upec, territoire]
thematiques: [ville-durable, sante]
---

Un paragraphe d'introduction.

## Un intertitre

Voir [la page](@/pages/a-propos.md) et [la convention](/convention/).
";

pub const PAGE: &str = "\
---
titre: À propos
---

## Qui sommes-nous

Un texte.
";

pub const TEMPLATES: [(&str, &str); 12] = [
    (
        "_menu.html",
        "<nav>{% for item in site.menu %}<a href=\"{{ item.url | lien }}\">{{ item.titre }}</a>{% endfor %}</nav>",
    ),
    (
        "index.html",
        "<h1>{{ site.titre }}</h1>{% include \"_menu.html\" %}{% for a in articles %}<a href=\"{{ a.lien }}\">{{ a.titre }}</a>{% endfor %}",
    ),
    (
        "article.html",
        "<h1>{{ article.titre }}</h1>{% include \"_menu.html\" %}{{ article.contenu | safe }}{% for p in article.partenaires %}<a href=\"{{ p.lien }}\">{{ p.nom }}</a>{% endfor %}",
    ),
    (
        "list.html",
        "<h1>Actualités</h1>{% for a in articles %}<a href=\"{{ a.lien }}\">{{ a.titre }}</a>{% endfor %}",
    ),
    (
        "partner.html",
        "<h1>{{ partenaire.nom }}</h1><p>{{ partenaire.description }}</p>",
    ),
    ("thematique.html", "<h1>{{ thematique.titre }}</h1>"),
    (
        "convention.html",
        "<h1>{{ convention.titre }}</h1>{% for p in convention.parties %}<a href=\"{{ p.lien }}\">{{ p.nom }}</a>{% endfor %}",
    ),
    (
        "page.html",
        "<h1>{{ page.titre }}</h1>{{ page.contenu | safe }}",
    ),
    ("404.html", "<h1>Page introuvable</h1>"),
    (
        "atom.xml",
        "<feed>{% for a in articles %}<entry>{{ a.titre }}</entry>{% endfor %}</feed>",
    ),
    (
        "sitemap.xml",
        "<urlset>{% for e in entrees %}<url><loc>{{ e.loc }}</loc></url>{% endfor %}</urlset>",
    ),
    ("robots.txt", "User-agent: *"),
];
