Console.WriteLine("classroom");
