Console.WriteLine("dx");
