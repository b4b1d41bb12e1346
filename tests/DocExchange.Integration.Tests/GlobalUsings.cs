global using DocExchange.Testing.Pdfs;
