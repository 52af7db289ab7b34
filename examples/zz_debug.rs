use std::path::PathBuf;
use std::time::Instant;
fn main() {
    let dir = PathBuf::from(std::env::args().nth(1).unwrap());
    let mut c = newsdesk::corpus::Corpus::new(&dir);
    c.set_cache_dir(Some("/tmp/ndc-debug".into()));
    let t = Instant::now();
    let paths = c.discover();
    eprintln!("discover {:.2}", t.elapsed().as_secs_f64());
    let t = Instant::now();
    let d = newsdesk::corpus::cache::read(c.cache_dir(), c.root(), c.registry().fingerprint());
    if d.is_err() {
        c.load_all_cached(true);
        eprintln!("cache written");
        return;
    }
    eprintln!("read+decode {:.2}", t.elapsed().as_secs_f64());
    let t = Instant::now();
    let mut plan = c.plan_load(&paths, d);
    eprintln!("plan (stat) {:.2}", t.elapsed().as_secs_f64());
    let t = Instant::now();
    c.begin_bulk();
    let st = c.install_cached_entries(&mut plan, usize::MAX);
    eprintln!("install {:.2} {st:?}", t.elapsed().as_secs_f64());
    let t = Instant::now();
    c.end_bulk();
    eprintln!("end bulk {:.2}", t.elapsed().as_secs_f64());
}
