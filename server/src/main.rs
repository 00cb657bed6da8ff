use benefits_server::config::{Admin, Config, EmbedSites, ServerCommand};
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
    if let Some(command) = &config.command {
        return run_command(&config, command).await;
    }
    let server = benefits_server::Server::start(config).await?;
    println!("Partner Benefits is serving on http://{}", server.address());
    if let Some(link) = server.setup_link() {
        println!("No company yet. Open this one-time link to create yours and its first Global admin:");
        println!("{link}");
    }
    server.run_until_stopped().await?;
    Ok(())
}

/// A command on the database instead of serving.
async fn run_command(config: &Config, command: &ServerCommand) -> Result<(), Box<dyn std::error::Error>> {
    // Copying names its own two databases.
    if let ServerCommand::Admin(Admin::Copy { from, to }) = command {
        let from = benefits_server::store::Store::connect(from).await?;
        let to = benefits_server::store::Store::connect(to).await?;
        for (table, rows) in benefits_server::copy::copy(&from, &to).await? {
            println!("{table}: {rows}");
        }
        println!("Copied. Start the servers with --database on the new database.");
        from.close().await;
        to.close().await;
        return Ok(());
    }
    let store = benefits_server::store::Store::connect(&config.database).await?;
    match command {
        ServerCommand::Admin(Admin::Copy { .. }) => {}
        ServerCommand::EmbedSites(EmbedSites::Add { origin, company }) => {
            let (secret, site) = benefits_server::embed::add_site(&store, origin, *company).await?;
            println!("Registered {} for company {}.", site.origin, site.company_id);
            println!("Its secret, shown only now (keep it on the site's server, never in a page):");
            println!("{secret}");
        }
        ServerCommand::EmbedSites(EmbedSites::List) => {
            for (origin, company_id, company, created_at) in
                benefits_server::embed::list_sites(&store).await?
            {
                println!(
                    "{origin}\tcompany {company_id} ({company})\tsince {}",
                    created_at.date_naive()
                );
            }
        }
        ServerCommand::EmbedSites(EmbedSites::Remove { origin }) => {
            if !benefits_server::embed::remove_site(&store, origin).await? {
                return Err(format!("{origin} is not registered").into());
            }
            println!("Removed {origin}; its tokens no longer work.");
        }
        ServerCommand::Admin(Admin::CreateCompany {
            name,
            account_email,
            currency,
            offers,
            admin_name,
            admin_email,
        }) => {
            let company = benefits_server::setup::new_company_from_arguments(
                name,
                account_email,
                currency,
                offers,
                admin_name,
                admin_email,
            )?;
            let (company_id, password) = benefits_server::setup::create_company_now(&store, &company).await?;
            println!("Created company {company_id}: {}.", company.name);
            println!(
                "Its first Global admin {} signs in with this one-time password (shown only now; it must be changed at the first sign-in):",
                company.admin.email
            );
            println!("{password}");
        }
    }
    store.close().await;
    Ok(())
}
