package enum CLIModule {}
