//! A Ballista scheduler and executor that know newsdesk's functions
//! (`newsdesk ballista scheduler|executor`), for `newsdesk link --scheduler`
//! on a real cluster. Ballista's own binaries cannot run the link plans: the
//! scheduler decodes every plan it is sent, and the executors run it, and
//! both meet `newsdesk_quote_score` there ([`super::udf`]).

use super::udf;
use ballista_executor::executor_process::{start_executor_process, ExecutorProcessConfig};
use ballista_scheduler::cluster::BallistaCluster;
use ballista_scheduler::config::SchedulerConfig;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

/// Run a scheduler listening on `bind` until the process is stopped.
pub async fn scheduler(bind: SocketAddr) -> Result<(), String> {
    let mut config = SchedulerConfig {
        bind_host: bind.ip().to_string(),
        bind_port: bind.port(),
        ..SchedulerConfig::default()
    };
    config.override_session_builder = Some(Arc::new(udf::state_with_functions));
    let cluster = BallistaCluster::new_from_config(&config)
        .await
        .map_err(|e| format!("cannot start the scheduler: {e}"))?;
    ballista_scheduler::scheduler_process::start_server(cluster, bind, Arc::new(config))
        .await
        .map_err(|e| format!("the scheduler stopped: {e}"))
}

/// Where an executor listens and which scheduler it serves.
#[derive(Debug, Clone)]
pub struct ExecutorOptions {
    /// The scheduler's host and port.
    pub scheduler: (String, u16),
    /// The address the executor listens on, and the one it gives the
    /// scheduler and the other executors (its shuffle files are fetched there).
    pub bind_host: String,
    pub external_host: Option<String>,
    /// The Arrow Flight port (shuffle data) and the gRPC port.
    pub port: u16,
    pub grpc_port: u16,
    /// Where shuffle files go (a temporary folder by default).
    pub work_dir: Option<PathBuf>,
    /// How many tasks at once (0: one per core).
    pub concurrency: usize,
}

/// Run an executor until the process is stopped or the scheduler stops it.
pub async fn executor(o: ExecutorOptions) -> Result<(), String> {
    let state = udf::state_with_functions(datafusion::prelude::SessionConfig::new())
        .map_err(|e| e.to_string())?;
    let config = ExecutorProcessConfig {
        scheduler_host: o.scheduler.0,
        scheduler_port: o.scheduler.1,
        bind_host: o.bind_host,
        external_host: o.external_host,
        port: o.port,
        grpc_port: o.grpc_port,
        work_dir: o.work_dir.map(|d| d.display().to_string()),
        vcores: o.concurrency,
        // give up when no scheduler answers, rather than wait forever
        scheduler_connect_timeout_seconds: 30,
        override_function_registry: Some(Arc::new((&state).into())),
        ..ExecutorProcessConfig::default()
    };
    start_executor_process(Arc::new(config))
        .await
        .map_err(|e| format!("the executor stopped: {e}"))
}
