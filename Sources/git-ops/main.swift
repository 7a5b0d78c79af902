import GitOpsCLI
