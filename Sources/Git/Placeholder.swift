package enum GitModule {}
