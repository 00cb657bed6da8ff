use benefits_server::config::Config;
use clap::Parser;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "benefits_server=info,tower_http=warn".into()),
        )
        .init();
    let config = Config::parse();
    let server = benefits_server::Server::start(config).await?;
    println!("Partner Benefits is serving on http://{}", server.address());
    server.run_until_stopped().await?;
    Ok(())
}
