//! Keys of names: a Cyrillic name written in Latin letters, and the key under
//! which a person is grouped by surname across reports and scripts.

use super::is_cyrillic;

/// The key of a surname: transliterated to Latin, lower case, with Russian case
/// endings of "-ов/-ев/-ин" surnames removed ("Лаврова" gives "lavrov").
pub fn surname_key(word: &str) -> String {
    let lw = word.to_lowercase().replace('ё', "е");
    let base = if lw.chars().any(is_cyrillic) {
        let mut w = lw.clone();
        for suffix in ["ым", "ой", "ою", "ому", "а", "у", "е"] {
            if let Some(stem) = w.strip_suffix(suffix) {
                if ["ов", "ев", "ин", "ын", "ёв"]
                    .iter()
                    .any(|e| stem.ends_with(e))
                {
                    w = stem.to_string();
                    break;
                }
            }
        }
        w
    } else {
        lw
    };
    let t = transliterate(&base);
    t.trim_matches(|c: char| !c.is_alphanumeric())
        .replace(['\'', '’', '.'], "")
}

/// Transliterate Cyrillic to Latin (a simple BGN/PCGN-like scheme; "Лавров" gives
/// "Lavrov", "Щукин" "Shchukin"). Other characters are kept.
pub fn transliterate(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let lower = c.to_lowercase().next().unwrap_or(c);
        let t = match lower {
            'а' => "a",
            'б' => "b",
            'в' => "v",
            'г' => "g",
            'д' => "d",
            'е' | 'ё' | 'э' | 'є' => "e",
            'ж' => "zh",
            'з' => "z",
            'и' | 'і' => "i",
            'ї' => "yi",
            'й' => "y",
            'к' => "k",
            'л' => "l",
            'м' => "m",
            'н' => "n",
            'о' => "o",
            'п' => "p",
            'р' => "r",
            'с' => "s",
            'т' => "t",
            'у' => "u",
            'ф' => "f",
            'х' => "kh",
            'ц' => "ts",
            'ч' => "ch",
            'ш' => "sh",
            'щ' => "shch",
            'ъ' | 'ь' => "",
            'ы' => "y",
            'ю' => "yu",
            'я' => "ya",
            'ґ' => "g",
            _ => {
                out.push(c);
                continue;
            }
        };
        if c.is_uppercase() {
            let mut it = t.chars();
            if let Some(f) = it.next() {
                out.extend(f.to_uppercase());
                out.push_str(it.as_str());
            }
        } else {
            out.push_str(t);
        }
    }
    out
}
