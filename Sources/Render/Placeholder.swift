package enum RenderModule {}
